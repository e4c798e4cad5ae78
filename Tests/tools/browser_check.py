#!/usr/bin/env python3
"""The pages in a real browser: headless Chromium at 1280 and 390 px, axe-core on each.

    browser_check.py --base http://127.0.0.1:PORT --out FOLDER [--sign-in PATH] PATH [PATH ...]

For every path and width: a screenshot (FOLDER/<name>-<width>.png, kept as a test artefact),
axe-core's report (FOLDER/<name>-<width>.json), and a failure for any serious or critical
violation. A second load with JavaScript switched off checks that the page still shows its
heading and content: no page may need JavaScript. With --sign-in, both browsers open that path
first (a member's personal link), so the pages are seen as he sees them. The last line is
"browser: N passed, M failed".
"""

import argparse
import json
import pathlib
import re
import shutil
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

WIDTHS = (1280, 390)
BLOCKING = {"serious", "critical"}


def browser(javascript: bool) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    return driver


def name_of(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--sign-in", dest="sign_in")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    passed = failed = 0

    driver = browser(javascript=True)
    try:
        if args.sign_in:
            driver.get(args.base + args.sign_in)
        for path in args.paths:
            for width in WIDTHS:
                label = f"{path} at {width} px"
                driver.set_window_size(width, 900)
                driver.get(args.base + path)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, min(max(int(height), 600), 6000))
                stem = f"{name_of(path)}-{width}"
                driver.save_screenshot(str(out / f"{stem}.png"))
                axe = Axe(driver)
                axe.inject()
                results = axe.run()
                (out / f"{stem}.json").write_text(json.dumps(results["violations"], indent=2))
                blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING]
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth > window.innerWidth + 1")
                problems = [f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in blocking]
                if overflow:
                    problems.append("the page is wider than the window (horizontal scrolling)")
                if problems:
                    failed += 1
                    print(f"FAIL {label}:", *problems, sep="\n  ")
                else:
                    passed += 1
                    print(f"ok   {label}: no serious or critical violation")
    finally:
        driver.quit()

    plain = browser(javascript=False)
    try:
        if args.sign_in:
            plain.get(args.base + args.sign_in)
        for path in args.paths:
            plain.get(args.base + path)
            headings = plain.find_elements(By.TAG_NAME, "h1")
            main_text = plain.find_element(By.TAG_NAME, "main").text if plain.find_elements(By.TAG_NAME, "main") else ""
            if headings and headings[0].text.strip() and len(main_text) > 40:
                passed += 1
                print(f"ok   {path} without JavaScript: '{headings[0].text.strip()}'")
            else:
                failed += 1
                print(f"FAIL {path} without JavaScript: no heading or content")
    finally:
        plain.quit()

    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
