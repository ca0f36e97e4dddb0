"""The website's icon, its language link and its Chinese search, in headless Chromium with
the network cut off.

The site is served on 127.0.0.1 and every request that would leave the machine is blocked,
as in a classroom whose network blocks public CDNs. The browser must show the icon the
pages link; the top bar's language link leads to the same page in the other edition and
back; the Chinese site's search finds chapters. What every page must do (no error, formulas
drawn, images with alt texts, no WCAG violation, explorers that move) is checked in
test_pages.py.

Needs Debian's ``chromium`` package (``apt-get install chromium``); where it is
missing the test is skipped with that hint, except under ``CI=true``, where it
must run.
"""

from __future__ import annotations

import pytest

from tests.browser_pages import PageVisit, redirect_target


def test_the_favicon_loads(browser, served_site):
    """The browser shows the icon a page links, and /favicon.ico (asked for by browsers
    on their own, whatever the page says) is served too."""
    html_dir, base_url = served_site
    visit = PageVisit(browser, base_url, "index.html", redirect_to=redirect_target(html_dir / "index.html"))
    try:
        icons = visit.page.evaluate(
            "() => [...document.querySelectorAll('link[rel~=icon]')].map(link => link.href)")
        assert len(icons) == 1, f"the page links {len(icons)} icons: {icons}"
        for _ in range(50):  # the browser fetches the icon after the page has loaded
            if icons[0] in visit.statuses:
                break
            visit.page.wait_for_timeout(100)
        assert visit.statuses.get(icons[0]) == 200, f"the browser did not load the icon {icons[0]}"
        root_icon = visit.page.request.get(f"{base_url}/favicon.ico")
        assert root_icon.status == 200 and root_icon.body()[:4] == b"\x00\x00\x01\x00", (
            f"/favicon.ico: HTTP {root_icon.status}, not an icon"
        )
        assert not visit.problems, "\n".join(visit.problems)
    finally:
        visit.close()


# ------------------------------------------------------------------ the two editions


def test_language_link_leads_to_the_same_page_and_back(browser, served_site):
    """From a chapter's section in English, the top bar's link opens the same chapter in
    Chinese, and its link leads back to the English page."""
    _, base_url = served_site
    visit = PageVisit(browser, base_url, "book/hinge.html")
    try:
        page = visit.page
        page.get_by_role("link", name="中文").click()
        page.wait_for_url(f"{base_url}/zh_CN/book/hinge.html")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        assert "铰链损失" in page.get_by_role("heading", level=1).inner_text()
        page.get_by_role("link", name="English").click()
        page.wait_for_url(f"{base_url}/book/hinge.html")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert not visit.problems, "\n".join(visit.problems)
    finally:
        visit.close()


@pytest.mark.parametrize(("query", "page"), [("交叉熵", "book/cross_entropy"), ("铰链损失", "book/hinge"),
                                             ("huber", "book/regression_losses")])
def test_chinese_search_finds_the_chapter(browser, served_site, query, page):
    """The Chinese site's search page, offline, lists the chapter for a Chinese term or a code name."""
    _, base_url = served_site
    visit = PageVisit(browser, base_url, f"zh_CN/search.html?q={query}")
    try:
        # Sphinx lists the results one by one, then writes its summary under the title.
        visit.page.wait_for_function(
            "() => document.querySelector('#search-results .search-summary')?.textContent.trim()",
            timeout=10_000)
        results = visit.page.locator("#search-results ul.search li a")
        hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(href.split("#")[0].split("?")[0].endswith(f"{page}.html") for href in hrefs), hrefs
        assert not visit.problems, "\n".join(visit.problems)
    finally:
        visit.close()
