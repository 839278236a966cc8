"""Letters to citizens: composed from plain data, checked against the law, rendered as PDF/A, sent
through Digital Post or the print queue, and kept immutably with their hash. See docs/letters.md."""
