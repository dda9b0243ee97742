/** A small picture of a file for the review page: never larger than asked for, never the original bytes. */
export interface Thumbnail {
  mime: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface ThumbnailRequest {
  /** Absolute path of the file inside the case folder. */
  file: string;
  /** What scan made of it: decides how it is decoded (pdf first page, image, DICOM frame, slide label/thumbnail). */
  family: 'dicom' | 'pdf' | 'slide' | 'tiff' | 'image';
  /** Longest side in pixels (default 320). */
  maxSide?: number;
  /**
   * Slides only: which of the file's own small pictures to show first. The label
   * (the glass slide's paper label: case and block number) tells slides apart;
   * the thumbnail shows the tissue. Default 'thumbnail'; the other is the fallback.
   */
  prefer?: 'label' | 'thumbnail';
}

/** Signature of `renderThumbnail` in ./thumbnails.ts: null when the file has nothing cheap to show. */
export type RenderThumbnail = (request: ThumbnailRequest) => Promise<Thumbnail | null>;
