/**
 * Does a PDF library's error mean "this PDF is encrypted and wants a
 * password"? pdf-lib says so in its message ("…is encrypted…", "password")
 * or by the error's name; pdf.js names it too. One test for the probe and the
 * merger, so a PDF the probe calls password-protected is one the merger
 * tries the password on.
 */
export function isPasswordError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /password|encrypt/i.test(message) || (err instanceof Error && err.name === 'EncryptedPDFError');
}
