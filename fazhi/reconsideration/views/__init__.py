"""Pages of 行政复议: cases (register, review, procedure, decision), documents, the deadline board,
statistics and the public status check — one module each."""
