#!/bin/sh
# N Streamlit workers behind HAProxy, from the repository root: deploy/serve.sh [--workers 2] [--port 8501]
# (the Dockerfile runs the same deploy/serve.py)
cd "$(dirname "$0")/.." || exit 1
exec python3 deploy/serve.py "$@"
