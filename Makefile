# The two commands of the quick start. Each does its own set-up: it fetches the ONNX Runtime
# library from its PyPI wheel (once, cached under .cache/onnxruntime/) and builds with cargo.
# `make test` also installs Debian's xmllint when missing: a test validates the REFI-QDA export
# against the QDA-XML schema with it.

.PHONY: run test setup bench check-report

setup:
	@scripts/fetch-onnxruntime.sh

run: setup
	cargo run --release -- run pipelines/survey-comments.toml

test: setup
	@scripts/need-debian-tool.sh xmllint libxml2-utils >/dev/null
	cargo test

bench: setup
	cargo bench --bench throughput
	cargo bench --bench redact

# Renders the sample's report.html in headless Chromium (installed from Debian if missing) and
# fails on console errors or remote resources; the screenshot lands in target/check-report/.
check-report: setup
	cargo build
	target/debug/verbatim run pipelines/survey-comments.toml --out target/check-report --quiet
	scripts/check-report.sh target/check-report/report.html target/check-report/report.png
