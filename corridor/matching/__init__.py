"""Position suitability in the product: the database side of ``corridor_match``.

* ``world``: engine inputs from the database and the warm per-process world;
* ``narrate``: explanations in words (EN/ZH); ``training.programmes_teaching``: the hook
  the training-programmes issue fills;
* ``services``: "Positions for me", "Candidates for this position", one-pair explanations;
* ``models`` / ``pools`` / ``drives`` / ``tasks``: placement drives, who may organise them
  over what, running them in the background, publishing offers, XLSX export;
"""
