"""Employers, demand letters and positions arrive with issue #3; the app is registered now so that
its migrations start from the foundation."""
