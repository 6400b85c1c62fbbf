import { css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { ImportJobView, ImportReportView } from './api.ts';
import { emit } from './events.ts';
import { errorMessage } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { AdminScreen } from './screen-controller.ts';
import { screenStyles } from './screen-styles.ts';
import { adminBase } from './styles.ts';

const FORMATS = ['wxr', 'disqus', 'parley'] as const;
/** How often the server's progress is read once the file is up. */
const POLL_MS = 400;

type Format = (typeof FORMATS)[number];

/** A skip reason from the server in the moderator's words, when we know it. */
function skipLabel(reason: string, t: AdminStrings): string {
  const key = `skip_${reason}` as keyof AdminStrings;
  return typeof t[key] === 'string' ? (t[key] as string) : reason;
}

/**
 * Moving in and out: upload a WordPress or Disqus export (a dry run first, if you like) with a
 * progress bar and the report the CLI prints; download the site's export.
 */
@customElement('parley-admin-import')
export class ParleyAdminImport extends AdminScreen {
  static override styles = [
    adminBase,
    screenStyles,
    css`
      progress {
        width: 100%;
        max-width: 36rem;
        height: 1.25rem;
        accent-color: var(--_accent);
      }
      .progress {
        margin: 1rem 0;
      }
      .report ul {
        padding-inline-start: 1.25rem;
      }
      a.button {
        display: inline-block;
        color: var(--_text);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.3rem 0.75rem;
        text-decoration: none;
      }
      a.button:hover {
        border-color: var(--_muted);
      }
    `,
  ];

  @state() private job: ImportJobView | null = null;
  @state() private isRunning = false;
  @state() private error = '';
  @state() private remapOutcome = '';
  @state() private remapError = '';
  @query('#import-file') private fileInput!: HTMLInputElement;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | null = null;

  /** Nothing to load: the screen shows what the moderator starts here. */
  protected override refresh() {}

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#wake?.();
  }

  /** Waits before the next poll; a disconnect ends the wait (and the polling) at once. */
  #pause(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, POLL_MS);
    });
  }

  async #start(event: SubmitEvent) {
    event.preventDefault();
    const t = this.strings;
    const data = new FormData(event.target as HTMLFormElement);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) {
      this.error = t.chooseFile;
      this.fileInput.focus();
      return;
    }
    this.error = '';
    this.job = null;
    this.isRunning = true;
    try {
      const started = await this.api.startImport({ site: this.site, format: String(data.get('format')) as Format, dryRun: data.get('dryRun') === 'on', size: file.size });
      this.job = { ...started, phase: 'uploading' };
      let job = await this.api.uploadImport(started.id, file, (sent, total) => {
        if (this.job?.phase === 'uploading') this.job = { ...this.job, bytes: sent, totalBytes: total };
      });
      this.job = job;
      while (job.phase !== 'done' && job.phase !== 'failed') {
        await this.#pause();
        if (!this.isConnected) return;
        job = await this.api.importJob(job.id);
        this.job = job;
      }
      if (job.phase === 'done') {
        this.announce(t.phase_done);
        if (!job.isDryRun) emit(this, 'parley-admin-changed', {});
      } else {
        this.announce(t.importFailed(job.error?.message ?? t.errorGeneric), true);
      }
    } catch (error) {
      this.error = errorMessage(error, t);
      if (this.job && this.job.phase !== 'done') this.job = { ...this.job, phase: 'failed' };
    } finally {
      this.isRunning = false;
    }
  }

  async #remap(event: SubmitEvent) {
    event.preventDefault();
    const t = this.strings;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.remapError = '';
    this.remapOutcome = '';
    try {
      const { results } = await this.api.remapPages(this.site, [{ from: String(data.get('from') ?? '').trim(), to: String(data.get('to') ?? '').trim() }]);
      this.remapOutcome = results.map((r) => t[`remap_${r.outcome}`](r.from, r.to, r.comments)).join(' ');
      this.announce(this.remapOutcome);
      if (results.some((r) => r.outcome === 'moved' || r.outcome === 'merged')) {
        form.reset();
        emit(this, 'parley-admin-changed', {});
      }
    } catch (error) {
      this.remapError = errorMessage(error, t);
    }
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_import}</h2>
      <h3 id="import-title">${t.importTitle}</h3>
      <form @submit=${this.#start} aria-labelledby="import-title" novalidate>
        <fieldset ?disabled=${this.isRunning} class="plain">
          <fieldset>
            <legend>${t.importFormat}</legend>
            ${FORMATS.map(
              (format) => html`<label class="choice"><input type="radio" name="format" value=${format} ?checked=${format === 'wxr'} />${t[`format_${format}`]}</label>`,
            )}
          </fieldset>
          <div class="field">
            <label for="import-file">${t.importFile}</label>
            <input id="import-file" name="file" type="file" accept=".xml,.wxr,.json,application/xml,text/xml,application/json" />
          </div>
          <div class="field"><label class="choice"><input type="checkbox" name="dryRun" checked />${t.dryRun}</label></div>
          <p class="error" role="alert">${this.error}</p>
          <button class="primary" type="submit">${t.startImport}</button>
        </fieldset>
      </form>
      ${this.#renderProgress()} ${this.job?.report ? this.#renderReport(this.job.report) : nothing}
      <h3 id="remap-title">${t.remapTitle}</h3>
      <p id="remap-help">${t.remapHelp}</p>
      <form class="inline-form" @submit=${this.#remap} aria-labelledby="remap-title" aria-describedby="remap-help" novalidate>
        <div class="field"><label for="remap-from">${t.remapFrom}</label><input id="remap-from" name="from" type="text" required /></div>
        <div class="field"><label for="remap-to">${t.remapTo}</label><input id="remap-to" name="to" type="text" required /></div>
        <button type="submit">${t.remapMove}</button>
      </form>
      <p class="error" role="alert">${this.remapError}</p>
      ${this.remapOutcome ? html`<p class="outcome">${this.remapOutcome}</p>` : nothing}
      <h3 id="export-title">${t.exportTitle}</h3>
      <p>${t.exportHelp}</p>
      <p><a class="button" href=${this.api.exportHref(this.site)} download>${t.exportAll}</a></p>`;
  }

  #renderProgress() {
    const t = this.strings;
    const job = this.job;
    // The live region is always there, so screen readers hear each phase as it comes.
    const phase = job ? t[`phase_${job.phase}`] : '';
    const percent = job && job.totalBytes ? Math.min(100, Math.round((job.bytes / job.totalBytes) * 100)) : 0;
    const isEnded = job?.phase === 'done';
    return html`<div class="progress">
      <p role="status" aria-live="polite" id="import-phase">${phase}</p>
      ${job
        ? html`<progress
            aria-labelledby="import-phase"
            max=${isEnded ? 1 : job.totalBytes || 1}
            .value=${isEnded ? 1 : job.bytes}
            aria-valuetext=${isEnded ? t.phase_done : t.percent(percent)}
          ></progress>`
        : nothing}
      ${job?.phase === 'failed' && job.error ? html`<p class="error" role="alert">${t.importFailed(job.error.message)}</p>` : nothing}
    </div>`;
  }

  #renderReport(r: ImportReportView) {
    const t = this.strings;
    const skipped = Object.entries(r.skipped).filter(([, n]) => n > 0);
    return html`<section class="report" aria-labelledby="report-title">
      <h3 id="report-title">${t.reportTitle}</h3>
      <p>${r.isDryRun ? t.reportDry : t.reportReal}</p>
      <ul>
        <li data-report="pages">${t.reportPages(r.pages.total, r.pages.created, r.pages.existing)}</li>
        <li data-report="comments">
          ${t.reportComments(r.comments.total, r.comments.created, r.comments.unchanged)}
          <ul>
            <li data-report="by-status">
              ${t.reportByStatus}: ${Object.entries(r.comments.byStatus)
                .map(([status, n]) => `${t[`status_${status as keyof ImportReportView['comments']['byStatus']}`]} ${n}`)
                .join(', ')}
            </li>
          </ul>
        </li>
        <li data-report="skipped">
          ${t.reportSkipped}: ${skipped.length ? skipped.map(([why, n]) => `${skipLabel(why, t)} ${n}`).join(', ') : t.reportNone}
          ${r.skippedItems.length ? html`<ul>${r.skippedItems.map((s) => html`<li><code>${s.id}</code>: ${skipLabel(s.reason, t)}</li>`)}</ul>` : nothing}
        </li>
        <li data-report="problems">
          ${t.reportProblems(r.problemCount)} ${r.problemCount > r.problems.length ? t.reportProblemsListed(r.problems.length) : nothing}
          ${r.problems.length ? html`<ul>${r.problems.map((p) => html`<li><code>${p.id}</code>: ${p.kind}: ${p.message}</li>`)}</ul>` : nothing}
        </li>
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-import': ParleyAdminImport;
  }
}
