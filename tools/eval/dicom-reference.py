# Reference reader for the real-DICOM check (tools/eval/dicom-check.ts): pydicom
# reads each path named on stdin (one per line) and prints one JSON line per file.
import json
import re
import sys
import warnings

warnings.simplefilter("ignore")
import pydicom  # noqa: E402

FIELDS = {
    "patientName": "PatientName",
    "patientId": "PatientID",
    "issuerOfPatientId": "IssuerOfPatientID",
    "patientBirthDate": "PatientBirthDate",
    "studyDate": "StudyDate",
    "modality": "Modality",
    "sopClassUid": "SOPClassUID",
    "sopInstanceUid": "SOPInstanceUID",
    "studyInstanceUid": "StudyInstanceUID",
    "seriesInstanceUid": "SeriesInstanceUID",
    "rows": "Rows",
    "columns": "Columns",
}


def text(value):
    if value is None:
        return None
    if isinstance(value, pydicom.multival.MultiValue):
        value = value[0] if len(value) else None
        if value is None:
            return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return str(value)


IDENTIFYING = ("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID", "Modality")
UID = re.compile(r"^[0-9.]+$")


def identified(ds):
    """force=True turns any bytes into elements: a headless file counts as DICOM only with a UID or modality that reads as one."""
    for keyword in IDENTIFYING:
        try:
            value = ds.get(keyword)
        except Exception:
            continue
        value = str(getattr(value, "value", value) or "").strip("\x00 ")
        if keyword == "Modality" and re.fullmatch(r"[A-Z]{2,8}", value):
            return True
        if keyword != "Modality" and UID.match(value) and len(value) > 8:
            return True
    return False


def read(path):
    ds = pydicom.dcmread(path, stop_before_pixels=True, force=True)
    meta = getattr(ds, "file_meta", None)
    has_meta = meta is not None and len(meta) > 0
    if not has_meta and not identified(ds):
        return {"path": path, "dicom": False, "reason": "no DICOM meta and no identifying element"}
    out = {"path": path, "dicom": True, "fields": {}}
    for key, keyword in FIELDS.items():
        try:
            value = ds.get(keyword)
            if value is None and meta is not None and keyword == "SOPClassUID":
                value = meta.get("MediaStorageSOPClassUID")
            value = value.value if hasattr(value, "value") else value
            if value is not None and value != "":
                out["fields"][key] = text(value) if not isinstance(value, int) else value
        except Exception as err:  # a value pydicom cannot convert: say so, do not guess
            out.setdefault("errors", {})[key] = str(err)[:200]
    ts = meta.get("TransferSyntaxUID") if meta is not None else None
    if ts:
        out["fields"]["transferSyntaxUid"] = str(ts)
    if meta is not None and meta.get("MediaStorageSOPClassUID") == "1.2.840.10008.1.3.10":
        out["dicomdir"] = True
    return out


for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    try:
        result = read(path)
    except Exception as err:
        result = {"path": path, "dicom": False, "reason": (type(err).__name__ + ": " + str(err))[:200]}
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
