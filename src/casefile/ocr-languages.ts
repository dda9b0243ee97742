// Tesseract language codes, apart from the case file's zod schema (schema.ts) so the CLI's --ocr-lang needs no zod.

/**
 * A tesseract language code as tessdata names its models: `eng`, `spa`,
 * `chi_sim`, `chi_tra_vert`, `deu_latf`, or a script model such as `script/Latin`.
 */
export const TESSERACT_LANGUAGE_PATTERN = /^(?:[a-z]{3}(?:_[a-z]{3,4}){0,2}|script\/[A-Z][A-Za-z_]{1,30})$/;

/** `eng+spa`, `eng,spa` or `eng spa` → ['eng', 'spa'], or the codes that are not tesseract codes. */
export function parseOcrLanguages(text: string): { languages: string[] } | { invalid: string[] } {
  const codes = text.split(/[+,\s]+/).filter((code) => code !== '');
  const invalid = codes.filter((code) => !TESSERACT_LANGUAGE_PATTERN.test(code));
  if (codes.length === 0) return { invalid: [text] };
  return invalid.length > 0 ? { invalid } : { languages: [...new Set(codes)] };
}
