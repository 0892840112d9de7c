# One image for both roles of the Redis deployment (compose.yaml): `extractor serve --broker ...`
# (the API, stateless) and `extractor worker --broker ...` (recognition). The OCR models come
# inside the pip packages: nothing is downloaded at run time.
FROM python:3.11-slim

# onnxruntime needs OpenMP's runtime; OpenCV (headless) needs GLib
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml README.md ./
COPY extractor ./extractor
COPY templates ./templates
RUN pip install --no-cache-dir '.[redis]' && rm -rf /src

# ID documents pass through: no root, nothing written but /tmp (compose mounts the root read-only)
RUN useradd --create-home --uid 10001 extractor
USER extractor
WORKDIR /home/extractor
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
ENTRYPOINT ["extractor"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
