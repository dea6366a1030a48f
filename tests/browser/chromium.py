"""Finding Debian's Chromium and ChromeDriver, and starting them without Selenium Manager.

scripts/runtests.py applies the same rules and passes what it found in FAZHI_CHROMIUM and
FAZHI_CHROMEDRIVER; run directly under pytest, the module looks for itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

INSTALL_HINT = "安装 Debian 包 chromium chromium-driver（apt-get install chromium chromium-driver）"


def _find(env_name: str, debian_path: str, command: str) -> str | None:
    configured = os.environ.get(env_name)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    if os.access(debian_path, os.X_OK):
        return debian_path
    return shutil.which(command)


def chromium_path() -> str | None:
    return _find("FAZHI_CHROMIUM", "/usr/bin/chromium", "chromium")


def chromedriver_path() -> str | None:
    return _find("FAZHI_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver")


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if os.environ.get("FAZHI_BROWSER_SKIP_REASON"):
        return os.environ["FAZHI_BROWSER_SKIP_REASON"]
    missing = [
        name
        for name, path in (("chromium", chromium_path()), ("chromedriver", chromedriver_path()))
        if path is None
    ]
    if missing:
        return f"未找到 {' 与 '.join(missing)}，{INSTALL_HINT}"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "未安装 selenium（pip install -e '.[dev]' 会安装它）"
    return None


def start_chromium(user_data_dir: Path):
    """A headless Chromium driven through the system chromedriver, never a downloaded one."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # Selenium Manager must not go online: the driver is named explicitly and offline mode is set.
    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path()
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,900",
        "--lang=zh-CN",
        f"--user-data-dir={user_data_dir}",
    ):
        options.add_argument(argument)
    service = Service(executable_path=chromedriver_path(), log_output=os.devnull)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


def new_profile_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="fazhi-chromium-")
