"""PRISMA 2020 flow diagram: counts computed from the pipeline's files, checked, drawn.

- :mod:`~pipeline.prisma.counts`: tables in, :class:`~pipeline.prisma.counts.Counts` out;
- :mod:`~pipeline.prisma.reconcile`: every arrow's arithmetic and the files' row counts;
- :mod:`~pipeline.prisma.template`: the PRISMA2020 R package / Shiny app counts CSV;
- :mod:`~pipeline.prisma.draw`: the matplotlib figure laid out like the official template;
- :mod:`~pipeline.prisma.html`: a self-contained HTML page listing the records behind boxes;
- :mod:`~pipeline.prisma.inputs`: reading the work directory and the author's files.
"""
