import { css } from 'lit';

// Layout shared by the non-queue screens (pages, readers, settings, moderators, audit).
export const screenStyles = css`
  :host {
    display: block;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
  }
  h3 {
    font-size: 1.05rem;
    margin-top: 1.5rem;
  }
  .field {
    margin-bottom: 1rem;
    max-width: 36rem;
  }
  .field input[type='text'],
  .field input[type='email'],
  .field input[type='password'],
  .field input[type='number'],
  .field input[type='search'],
  .field textarea,
  .field select {
    width: 100%;
  }
  .field input[type='number'] {
    max-width: 9rem;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0 0 1rem;
    max-width: 36rem;
  }
  fieldset.plain {
    border: 0;
    padding: 0;
    margin: 0;
    max-width: none;
  }
  legend {
    font-weight: 600;
    padding: 0 0.3rem;
  }
  .choice {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
    margin: 0.2rem 0;
  }
  .wrap {
    overflow-x: auto;
  }
  /* An audit row's change: one "field: before → after" line per field that changed. */
  dl.changes {
    margin: 0;
  }
  dl.changes div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.4rem;
  }
  dl.changes dt {
    font-weight: 600;
  }
  dl.changes dt::after {
    content: ':';
  }
  dl.changes dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .more {
    margin: 1rem 0;
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: flex-end;
    margin-bottom: 1rem;
  }
  .inline-form .field {
    margin: 0;
  }
  code {
    font-size: 0.85rem;
    overflow-wrap: anywhere;
  }
`;
