/**
 * The demo article: a realistic news page as a WordPress site would serve it, with the old static
 * wpDiscuz comment section in `#comments` that embed.js replaces. Static text, no user input.
 */
export const DEMO_CSS = `
*{box-sizing:border-box}
body{margin:0;font:18px/1.6 Georgia,'Times New Roman',serif;color:#222;background:#fbfaf7}
a{color:#8a1c1c}
.masthead{border-bottom:3px double #222;background:#fff;padding:.75rem 1rem;text-align:center}
.masthead .name{font:700 2rem/1.1 Georgia,serif;letter-spacing:.02em;color:#111;text-decoration:none}
.masthead nav ul{list-style:none;margin:.5rem 0 0;padding:0;display:flex;gap:1.25rem;justify-content:center;flex-wrap:wrap;font:600 .8rem/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em}
.masthead nav a{color:#333;text-decoration:none}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.kicker{font:700 .8rem/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.1em;color:#8a1c1c}
h1{font-size:2.3rem;line-height:1.15;margin:.4rem 0 .6rem}
.standfirst{font-size:1.2rem;color:#444;margin:0 0 1rem}
.byline{font:.85rem/1.4 system-ui,sans-serif;color:#555;border-top:1px solid #ddd;border-bottom:1px solid #ddd;padding:.5rem 0;margin-bottom:1.5rem}
.hero{height:14rem;border-radius:4px;background:linear-gradient(160deg,#4a6f8a 0%,#7fa7a1 45%,#d9c6a5 100%);margin:0 0 .4rem}
figcaption{font:.8rem/1.4 system-ui,sans-serif;color:#555;margin-bottom:1.5rem}
blockquote{margin:1.5rem 0;padding:.25rem 1.25rem;border-left:4px solid #8a1c1c;font-size:1.15rem;font-style:italic;color:#333}
aside.related{font:.9rem/1.5 system-ui,sans-serif;background:#f0ede6;padding:1rem;border-radius:4px;margin:2rem 0}
aside.related h2{font-size:1rem;margin:0 0 .5rem}
.wpd-wrapper{margin-top:2.5rem;font:15px/1.5 Arial,sans-serif;border-top:2px solid #222;padding-top:1rem}
.wpd-thread-head{display:flex;justify-content:space-between;border-bottom:1px solid #ccc;padding-bottom:.5rem}
.wpd-thread-info{font-weight:700;font-size:1.1rem}
.wpd-form textarea{width:100%;height:5rem;margin:.75rem 0;font:inherit}
.wpd-filter{color:#666;font-size:.85rem;margin:.5rem 0}
.wpd-comment{border-top:1px solid #eee;padding:.75rem 0}
.wpd-comment .wpd-author{font-weight:700}
.wpd-comment .wpd-guest{font-size:.75rem;color:#777;margin-left:.5rem}
.wpd-reply{margin-left:2rem}
.site-footer{max-width:46rem;margin:0 auto;padding:1rem;font:.85rem/1.5 system-ui,sans-serif;color:#555;border-top:1px solid #ddd}
`;

const OLD_COMMENTS = `
<div id="comments" class="wpd-wrapper">
  <div class="wpd-thread-head">
    <div class="wpd-thread-info">4 Comments</div>
    <div class="wpd-sub">Subscribe <label>Notify of <select><option>new follow-up comments</option><option>new replies to my comments</option></select></label></div>
  </div>
  <form class="wpd-form" action="#" method="post">
    <label>Comment<textarea placeholder="Would love your thoughts, please comment."></textarea></label>
    <label>Name* <input name="author"></label> <button type="button">Post Comment</button>
  </form>
  <div class="wpd-filter">Inline Feedbacks · View all comments · Oldest · Newest · Most Voted</div>
  <div class="wpd-comment"><span class="wpd-author">Margaret H.</span><span class="wpd-guest">guest</span>
    <p>About time. I have cycled that stretch of Mill Road for twenty years and it has only ever got worse.</p></div>
  <div class="wpd-comment wpd-reply"><span class="wpd-author">Dev Patel</span><span class="wpd-guest">guest</span>
    <p>Agreed, though the parking question on Quay Street is not settled at all.</p></div>
  <div class="wpd-comment"><span class="wpd-author">Old Town Traders</span>
    <p>Our members were not consulted on the loading bays. We will raise this at the next meeting.</p></div>
  <div class="wpd-comment"><span class="wpd-author">J. Okafor</span><span class="wpd-guest">guest</span>
    <p>£4.2m for two miles seems steep. What does the maintenance budget look like?</p></div>
</div>`;

export const LANGS = ['en', 'ru', 'ar'] as const;
export const THEMES = ['auto', 'light', 'dark'] as const;

/** `lang` and `theme` are checked against fixed lists by the route; nothing else is interpolated. */
export function demoArticle(lang: (typeof LANGS)[number], theme: (typeof THEMES)[number]): string {
  const themeAttr = theme === 'auto' ? '' : ` data-theme="${theme}"`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Council approves riverside cycle path after two-year debate — The Riverside Courier</title>
<style>${DEMO_CSS}</style>
</head>
<body>
<header class="masthead">
  <a class="name" href="/">The Riverside Courier</a>
  <nav aria-label="Sections"><ul><li><a href="/">News</a></li><li><a href="/">Politics</a></li><li><a href="/">Transport</a></li><li><a href="/">Opinion</a></li><li><a href="/">Sport</a></li></ul></nav>
</header>
<main>
<article>
  <p class="kicker">Transport</p>
  <h1>Council approves riverside cycle path after two-year debate</h1>
  <p class="standfirst">The £4.2m scheme will link Mill Road to the station along the old towpath, but traders on Quay Street say the loss of loading bays could cost them customers.</p>
  <p class="byline">By Helen Marsh, Local Democracy Reporter · Published 14 March 2026, 18:05 · 5 min read</p>
  <figure>
    <div class="hero" role="img" aria-label="The towpath between Mill Road and the station at dusk"></div>
    <figcaption>The towpath between Mill Road and the station, where the new path will run.</figcaption>
  </figure>
  <p>Councillors voted 31 to 12 on Thursday night to approve a two-mile segregated cycle path along the river, ending a consultation that drew more than 4,000 responses and two petitions pulling in opposite directions.</p>
  <p>The path will run from the junction of Mill Road and Ferry Lane, follow the old towpath under the railway bridge and finish at a new covered cycle park beside the station's eastern entrance. Work is due to start in September and to take eighteen months.</p>
  <blockquote><p>"This is the single biggest thing we can do this decade to make short journeys safer," said the cabinet member for transport, Cllr Ruth Adeyemi.</p></blockquote>
  <p>Opponents focused on Quay Street, where six loading bays will be removed to make room for the path's southern ramp. The Old Town Traders' Association said deliveries would be pushed to the early morning and that some smaller shops could not absorb the cost.</p>
  <p>Officers told the meeting that two replacement bays would be created on Bridge Street and that the scheme's budget includes £180,000 for "mitigation measures" to be agreed with businesses over the summer.</p>
  <h2>What happens next</h2>
  <p>A detailed design will be published in June, followed by a six-week period in which residents can comment on lighting, crossings and the surface of the path. The council says the towpath will stay open to walkers throughout construction, with short closures at the railway bridge.</p>
  <p>The scheme is funded mainly by a regional active travel grant, with £900,000 from the council's own capital budget. Maintenance, estimated at £35,000 a year, will come from the highways budget.</p>
  <aside class="related" aria-labelledby="related-title">
    <h2 id="related-title">Related</h2>
    <ul><li><a href="/">Station car park to lose 80 spaces under new plan</a></li><li><a href="/">Letters: the towpath is for everyone</a></li></ul>
  </aside>
</article>
${OLD_COMMENTS}
<script src="/embed.js" data-site="demo"${themeAttr} async></script>
</main>
<footer class="site-footer">
  <p>Comments on this page are served by Parley. Try the widget in
  <a href="/?lang=ru" hreflang="ru" lang="ru">русский</a> ·
  <a href="/?lang=ar" hreflang="ar" lang="ar">العربية</a> ·
  <a href="/?theme=dark">dark theme</a> · <a href="/">English</a>.</p>
</footer>
</body>
</html>`;
}
