import type { DocumentPrereads } from '../classify/preread.js';
import type { ProbeOutput } from '../probe/types.js';

/**
 * Reads PDFs' texts while the probes still wait for the decode workers (issue 15): a PDF's language and
 * verdict depend on its text alone, and the main thread has nothing else to do then. One text per turn of
 * the event loop, so the workers' replies (and the next files sent to them) are never held up for more than
 * one document. The classify stage takes what was read (`finish`) and reads the rest itself.
 */
export class TextPrereader {
  /** @param today the scan's "today", pinned once at its start: its classify stage uses the same (`today()`). */
  constructor(private readonly pinnedToday?: Date) {}

  private readonly queue: Array<{ path: string; text: string }> = [];
  private prereads: DocumentPrereads | undefined;
  private loading: Promise<void> | undefined;
  private scheduled = false;
  private stopped = false;

  /** A probe's answer: a PDF with a text layer is queued for reading. */
  offer(path: string, output: ProbeOutput): void {
    const text = output.family === 'pdf' ? output.pdf?.text : undefined;
    if (this.stopped || !text) return;
    this.queue.push({ path, text });
    this.load();
    this.schedule();
  }

  /** Start loading the document reader (it loads anyway once a case has a document); settles once it is loaded or failed. */
  load(): Promise<void> {
    this.loading ??= Promise.all([import('../classify/index.js'), import('../classify/preread.js')])
      .then(async ([classify, { DocumentPrereads }]) => {
        this.prereads = new DocumentPrereads(await classify.loadDocumentReading());
        this.schedule();
      })
      // Not read ahead: the classify stage loads the reader itself, and says what went wrong if it cannot.
      .catch(() => undefined);
    return this.loading;
  }

  private schedule(): void {
    if (this.scheduled || this.stopped || !this.prereads || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.stopped ? undefined : this.queue.shift();
      if (next) this.prereads?.read(next.path, next.text, this.pinnedToday);
      this.schedule();
    });
  }

  /**
   * The day the texts were read against, for the same scan's classify stage (so that the dates read ahead
   * are the answer it would give); none once finished, so a later re-run of group and classify on the same
   * probed files (the review page, maybe on another day) takes its own.
   */
  today(): Date | undefined {
    return this.stopped ? undefined : this.pinnedToday;
  }

  /** Stop reading ahead; what was read, for the classify stage. */
  finish(): DocumentPrereads | undefined {
    this.stopped = true;
    this.queue.length = 0;
    return this.prereads;
  }
}
