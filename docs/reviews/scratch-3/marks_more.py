M["seed-004"] = [
  (1,"bottom line","U",False),
  (2,"key points","U",False),
  (3,"disputed claims","S",None),(4,"disputed claims","S",None),
  (5,"notable figures","S",None),
  (6,"actors","S",None),
  (7,"source summaries","S",None),
]
M["transfer-fee"] = [
  (1,"bottom line","S",None),
  (2,"key points","S",None),
  (3,"notable figures","S",None),(4,"notable figures","S",None),(5,"notable figures","S",None),(6,"notable figures","S",None),
  (7,"actors","S",None),(8,"actors","S",None),(9,"actors","S",None),(10,"actors","S",None),(11,"actors","S",None),(12,"actors","S",None),
  (13,"timeline","S",None),
  (14,"source summaries","S",None),(15,"source summaries","S",None),(16,"source summaries","S",None),
]
M["injection"] = [  # build at 035ba5d (current)
  (1,"bottom line","S",None),
  (2,"disputed claims","S",None),(3,"disputed claims","S",None),(4,"disputed claims","S",None),
  (5,"notable figures","S",None),(6,"notable figures","S",None),
  (7,"actors","S",None),(8,"actors","S",None),(9,"actors","S",None),
  (10,"source summaries","S",None),(11,"source summaries","S",None),
]
