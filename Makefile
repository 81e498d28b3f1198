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

# Scale benchmark (benches/scale.rs): the shipped pipeline on generated 10k / 100k (/ 1M) row
# files, a theme-only re-run, and BERTopic side by side (its venv from benches/bertopic/
# setup-scale.sh, from PyPI). `make bench-scale SIZES="10k 100k 1m"`; BENCH_BERTOPIC=0 skips
# BERTopic (it is never run above 100k unless BENCH_BERTOPIC_1M=1). Results: target/bench-scale/.
SIZES ?= 10k 100k
BENCH_BERTOPIC ?= 1
.PHONY: fuzz
# Mutation fuzzing of every reader and the redactor (benches/fuzz.rs); FUZZ_SECONDS per target
# (default 60). Fails on any panic, saving the input under target/fuzz/crashes/.
FUZZ_SECONDS ?= 60
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) cargo bench --bench fuzz

.PHONY: bench-scale
bench-scale: setup
	cargo build --release
	@if [ "$(BENCH_BERTOPIC)" = "1" ]; then benches/bertopic/setup-scale.sh; fi
	BENCH_BERTOPIC=$(BENCH_BERTOPIC) cargo bench --bench scale -- $(SIZES)
