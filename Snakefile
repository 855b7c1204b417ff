# The example review that ships with slr-pipeline (config in config/config.yaml). The
# workflow itself is installed with the package (pipeline/workflow/Snakefile); a review of
# your own is a folder of its own: `slr init DIR`, then `slr run DIR`. An update of a review
# (config `update: {previous: DIR}`) adds the rules of rules/update.smk.
# Run: snakemake --cores all

from pipeline.workflow import SNAKEFILE

CONFIG_FILE = "config/config.yaml"


include: SNAKEFILE


if PREVIOUS:

    include: "rules/update.smk"


rule all:
    default_target: True
    input:
        UPDATE_ALL if PREVIOUS else ALL,
