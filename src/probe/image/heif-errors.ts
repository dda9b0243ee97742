/** Why a HEIC/HEIF photo was not decoded; thrown on the main thread whether the decoding ran there or in a worker. */

/** A HEIC that declares (or decodes to) more pixels than MAX_IMAGE_PIXELS: never decoded. */
export class ImageTooLargeError extends Error {
  constructor(readonly width: number, readonly height: number) {
    super(`the picture declares ${width} x ${height} pixels, more than casepack decodes`);
  }
}

/** A HEIC/HEIF libheif could not decode (damaged, or a codec it lacks, such as AVIF's AV1). */
export class HeifDecodeError extends Error {}
