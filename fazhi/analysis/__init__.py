"""Reading published 法治政府建设 reports (issue 6): docs/analysis.md."""
