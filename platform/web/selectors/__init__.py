"""Reads of the web pages: every registry read goes through ``accounts.scoping``."""
