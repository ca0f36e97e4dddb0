"""Every page of the website, in dark mode, has no WCAG 2.0/2.1 A or AA violation (axe-core).

See axe_audit.py for how it is checked.
"""

from tests.axe_audit import audit_every_page


def test_every_page_in_dark_mode_has_no_wcag_violation(browser, served_site):
    audit_every_page(browser, served_site, "dark")
