# The API server image: the web app built with Node, served by the Python backend.
# Build: docker build -t erp .   Run: see docker-compose.yml.

FROM node:22-slim AS web
WORKDIR /src
COPY schema.graphql ./
COPY frontend/package.json frontend/package-lock.json ./frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend/ ./frontend/
RUN cd frontend && npm run build

FROM python:3.11-slim AS api
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements.lock
COPY backend/ ./backend/
COPY alembic/ ./alembic/
COPY alembic.ini schema.graphql ./
COPY examples/ ./examples/
RUN pip install --no-cache-dir --no-deps . \
    && useradd --system --uid 10001 --home /app erp
COPY --from=web /src/frontend/dist ./frontend/dist
USER erp
ENV HOST=0.0.0.0 PORT=8000 ERP_ENV=production ERP_DATA_DIR=/tmp/erp
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"
CMD ["erp", "serve", "--no-seed"]
