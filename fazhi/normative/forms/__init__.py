"""forms of the normative-document module: one module per area (documents, campaigns, filing, validity …)."""
