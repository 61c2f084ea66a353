"""Finance pages: statements (``statements``) and the finance controls' actions (``controls``)."""
