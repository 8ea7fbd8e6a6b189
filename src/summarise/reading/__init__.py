"""Reading: what a sentence says, read by the program, not the model.

Numbers and what they count, who gives them, dates, names and roles. Both the
briefing pipeline and the eval's metrics read text through this package, so
there is one ruler. May import the base modules and ``summarise.sources``.
"""
