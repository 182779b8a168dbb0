#!/usr/bin/env bash
# GPU check of krnel-onnx, for a Linux x64 machine with an NVIDIA GPU, its driver, and the CUDA 12 and
# cuDNN 9 libraries that onnxruntime_gpu 1.29 loads (on the library path, e.g. LD_LIBRARY_PATH).
#
#   krnel-onnx/scripts/gpu-check.sh [device=cuda] [sentences=512]
#   krnel-onnx/scripts/gpu-check.sh --cpu-only      # no GPU: the same check, CPU against CPU, CPU build
#
# Builds with -P gpu (com.microsoft.onnxruntime:onnxruntime_gpu instead of onnxruntime: Maven Central
# or a filled ~/.m2 must provide it), then runs krnel.onnx.GpuCheck: MiniLM activations on the GPU,
# with dtype float32 and float16 (float16 compute), must agree with the CPU's float32 within
# tolerance (exit 1 otherwise), and tokens/s is printed for each.
# Temp files (the 583 MB CUDA provider ORT extracts, DJL and JNA caches) stay under krnel-onnx/target.
# It never runs `mvn install`.
set -euo pipefail
cd "$(dirname "$0")/../.."

profile=(-P gpu)
if [[ "${1:-}" == "--cpu-only" ]]; then
  shift
  profile=()
  set -- cpu "${@:1}"
elif ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU visible (nvidia-smi -L failed); use --cpu-only to check the rest" >&2
  exit 2
else
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
fi

work=krnel-onnx/target/gpu-check
mkdir -p "$work/tmp"
export ORT_DISABLE_TELEMETRY=1
mvn -q -B ${profile[@]+"${profile[@]}"} -pl krnel-onnx -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$work/classpath.txt"

flags=(--add-opens=java.base/java.nio=ALL-UNNAMED)
if java -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1; then
  flags+=(--enable-native-access=ALL-UNNAMED)
fi
exec java "${flags[@]}" -Djava.io.tmpdir="$PWD/$work/tmp" \
    -DDJL_CACHE_DIR="$PWD/$work/djl-cache" -Djna.tmpdir="$PWD/$work/jna" -DRUST_FLAVOR=cpu \
    -cp "krnel-onnx/target/test-classes:krnel-onnx/target/classes:$(cat "$work/classpath.txt")" \
    krnel.onnx.GpuCheck "${@:-cuda}"
