# syntax=docker/dockerfile:1
# casepack in a container, for batch checks on a job runner (docs/batch.md):
#   docker build -t casepack .
#   docker run --rm -v "$PWD/cases:/cases:ro" -v "$PWD/out:/out" casepack check '/cases/*' --json --shard 1/4
#
# casepack is plain Node: PDFs, DICOM, TIFF slides, images and OCR are read by
# its own npm dependencies (pdf-lib, pdf.js, sharp, tesseract.js), so no qpdf,
# poppler, dcmtk or openslide is installed: it never calls them. The only
# Debian files it uses at run time are tesseract's language models, read from
# the standard tessdata folders (src/extract/ocr/models.ts; English ships with
# the npm package).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: nothing runs before the sources are in; the build is the next step.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
# npm run build: tsc, then the CLI bundle that bin/casepack loads.
COPY scripts/bundle.mjs ./scripts/
COPY checklists ./checklists
COPY assets ./assets
COPY LICENSE* README.md ./
COPY docs ./docs
RUN npm run build && npm pack --ignore-scripts --pack-destination /tmp && mv /tmp/casepack-*.tgz /tmp/casepack.tgz

FROM ${NODE_IMAGE}
# Tesseract models for the languages scanned documents come in (tesseract codes
# with _ written as -, e.g. "spa fra deu chi-sim"); casepack.yaml ocrLanguages picks among them.
ARG OCR_LANGUAGES="spa fra deu"
RUN apt-get update \
 && apt-get install -y --no-install-recommends $(for code in ${OCR_LANGUAGES}; do printf 'tesseract-ocr-%s ' "$code"; done) \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /tmp/casepack.tgz /tmp/casepack.tgz
# The product only, as npm users get it: the package's runtime dependencies, no dev tools, no test-data writers.
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/casepack.tgz \
 && rm /tmp/casepack.tgz \
 && npm cache clean --force
ENV NODE_ENV=production
# Cases are mounted read-only; reports, JUnit and packets go to a writable mount.
WORKDIR /work
RUN chown node:node /work
# The node image's unprivileged user: a case folder never needs root, and the OCR cache lives in its home.
USER node
ENTRYPOINT ["casepack"]
CMD ["--help"]
