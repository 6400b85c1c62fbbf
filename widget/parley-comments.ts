/** The widget bundle's entry: defines `<parley-comments>` and its inner components. */
export { ParleyComments } from './components/parley-comments.ts';
