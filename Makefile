# The two commands of the quick start. Each does its own set-up: it fetches the ONNX Runtime
# library from its PyPI wheel (once, cached under .cache/onnxruntime/) and builds with cargo.

.PHONY: run test setup bench

setup:
	@scripts/fetch-onnxruntime.sh

run: setup
	cargo run --release -- run pipelines/survey-comments.toml

test: setup
	cargo test

bench: setup
	cargo bench --bench throughput
	cargo bench --bench redact
