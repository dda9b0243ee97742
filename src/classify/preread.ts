import type { DocumentLanguage } from '../model/scan.js';
import type { DocumentVerdict } from './document.js';
import type * as Reading from './reading.js';

interface Preread {
  /** The text as the probe gave it: an answer is used only for this very text. */
  text: string;
  language: DocumentLanguage;
  verdict: DocumentVerdict;
}

/**
 * What classifying a PDF computes from its text alone, read ahead: its language and the rules' and the
 * model's verdict. The pipeline reads each text as it comes back from the decode workers, while the main
 * thread would otherwise wait for them (issue 15), and `classifyScan` takes an answer instead of reading the
 * text again only when it would ask the same question: same file, same text, the model allowed. A text OCR
 * replaced since, or a file whose reading failed here, is read by `classifyScan` as before.
 */
export class DocumentPrereads {
  private readonly byPath = new Map<string, Preread>();

  constructor(private readonly reading: typeof Reading) {}

  /**
   * Read one PDF's text now, as `classifyScan` would (its language first, then the verdict); and, given the
   * scan's `today`, its date mentions, which the date finder then takes for the same text and day.
   */
  read(path: string, text: string, today?: Date): void {
    if (!text.trim()) return;
    try {
      // The same calls, in the same order, as classifyScan's `languageOf` and `classifyPdf` (spellingOrder is pure).
      const ordered = this.reading.spellingOrder(text);
      const language = this.reading.detectLanguage(ordered);
      const verdict = this.reading.classifyDocumentText(ordered, path, { model: true });
      this.byPath.set(path, { text, language, verdict });
      if (today) this.reading.findDateMentionsAhead(ordered, today);
    } catch {
      // classifyScan reads it again and reports the failure as it always has.
    }
  }

  /** Forget the date mentions read ahead and not taken (call once the classify stage is done). */
  release(): void {
    this.reading.forgetDateMentionsAhead();
  }

  /** The language read ahead for this PDF's text, or nothing (then it is read as before). */
  language(path: string, text: string): DocumentLanguage | undefined {
    const known = this.byPath.get(path);
    return known?.text === text ? { ...known.language } : undefined;
  }

  /** The verdict read ahead for this PDF's text with the model allowed; given once (the classification keeps its parts). */
  verdict(path: string, text: string, model: boolean): DocumentVerdict | undefined {
    const known = this.byPath.get(path);
    if (!known || known.text !== text || !model) return undefined;
    this.byPath.delete(path);
    return known.verdict;
  }

  /** Texts read ahead and not yet used (for tests and diagnostics). */
  get size(): number {
    return this.byPath.size;
  }
}
