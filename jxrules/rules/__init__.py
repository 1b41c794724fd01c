"""Rulesets: loading, ``extends``/``overrides`` by fiscal year, the generated schema,
selection by report kind and year, message templates, and the engine that runs them."""
