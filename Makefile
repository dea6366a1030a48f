# fazhi — the project contract. Needs only Python 3.11+ and GNU make (with bash).
#
#   make demo    create .venv, install, migrate, build the demo county, serve on http://127.0.0.1:$(PORT)
#   make test    the whole suite on SQLite, on PostgreSQL when FAZHI_TEST_POSTGRES_URL is set,
#                browser tests when Chromium and ChromeDriver are installed (scripts/runtests.py)
#   make lint    ruff check, ruff format --check, manage.py check, makemigrations --check
#   make bench   time the benchmark scenarios on SQLite (and PostgreSQL when configured): bench/results.json
#   make clean   remove .venv and var/ (the demo database and uploaded files)
#
# Variables: PYTHON (interpreter that creates .venv, default python3), PORT (default 8000),
# ARGS (passed on: `make demo ARGS=--reset`, `make test ARGS="-k units"`).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
PORT ?= 8000
ARGS ?=
VENV := .venv
VPY := $(VENV)/bin/python
# Written after a successful install; older than pyproject.toml means "install again".
STAMP := $(VENV)/.installed

.PHONY: help demo test lint bench clean env

help:
	@echo "make demo   — 创建虚拟环境、安装、迁移数据库、生成演示数据，并在 http://127.0.0.1:$(PORT) 启动（PORT 可改端口）"
	@echo "make test   — 运行全部测试：SQLite；设置 FAZHI_TEST_POSTGRES_URL 时再跑 PostgreSQL；装有 Chromium 时跑浏览器测试"
	@echo "make lint   — ruff 检查与格式检查、manage.py check、迁移文件是否齐全"
	@echo "make bench  — 基准测试：在 SQLite（配置了 PostgreSQL 时也在 PostgreSQL）上计时，结果写入 bench/results.json"
	@echo "make clean  — 删除 .venv 和 var/（演示数据库与上传文件）"

# pyvenv.cfg is a plain file (bin/python is a symlink whose timestamp is the interpreter's).
$(VENV)/pyvenv.cfg:
	@if ! command -v "$(PYTHON)" >/dev/null 2>&1; then \
		echo "错误：找不到 Python 解释器“$(PYTHON)”。fazhi 需要 Python 3.11 或更高版本；请先安装，或用 make PYTHON=/path/to/python3.11 指定。" >&2; \
		exit 1; \
	fi
	@if ! "$(PYTHON)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then \
		echo "错误：fazhi 需要 Python 3.11 或更高版本，当前“$(PYTHON)”是 $$("$(PYTHON)" --version 2>&1)。请安装 Python 3.11+，或用 make PYTHON=python3.12 指定解释器。" >&2; \
		exit 1; \
	fi
	@if ! "$(PYTHON)" -c 'import venv, ensurepip' >/dev/null 2>&1; then \
		echo "错误：“$(PYTHON)”缺少 venv/ensurepip 模块，无法创建虚拟环境（Debian/Ubuntu 上请安装 python3-venv 包）。" >&2; \
		exit 1; \
	fi
	@echo ">>> 创建虚拟环境 $(VENV)（$$("$(PYTHON)" --version 2>&1)）"
	"$(PYTHON)" -m venv $(VENV)

$(STAMP): pyproject.toml $(VENV)/pyvenv.cfg
	@echo ">>> 安装 fazhi 及开发依赖到 $(VENV)（pyproject.toml 有变化时才重新安装）"
	$(VPY) -m pip install --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

env: $(STAMP)

demo: $(STAMP)
	PORT=$(PORT) exec $(VENV)/bin/fazhi demo $(ARGS)

test: $(STAMP)
	exec $(VPY) scripts/runtests.py $(ARGS)

# manage.py runs against a throw-away in-memory database: lint must not create or touch var/.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	FAZHI_ENV=test DATABASE_URL=sqlite://:memory: $(VPY) manage.py check
	FAZHI_ENV=test DATABASE_URL=sqlite://:memory: $(VPY) manage.py makemigrations --check --dry-run

bench: $(STAMP)
	exec $(VPY) bench/run.py $(ARGS)

clean:
	rm -rf $(VENV) var
