// What reading a document's words takes: the rules and trained model, the date finder (chrono-node, date-fns),
// language detection (franc) and the marker reader. Loaded by `loadDocumentReading` only when a case has a
// document, so a scan of imaging, slides or nothing never pays for it.
export { findClinicalDate, findDateMentionsAhead, forgetDateMentionsAhead } from './dates/index.js';
export { classifyByName, classifyDocumentText } from './document.js';
export { classifyPicture } from './image.js';
export { detectLanguage, languageName, writesDayFirst } from './language.js';
export { attachMarkerReadings } from './markers/index.js';
export { detectModality } from './modality.js';
export { spellingOrder } from './script-order.js';
export { judgeSource } from './source-kind.js';
