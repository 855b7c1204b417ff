# An update of a review (config `update: {previous: DIR}`): wiring only, every rule calls one
# `slr` verb. Included by the Snakefile when the config names a previous version; the
# update's own search, ingest and dedup rules are the Snakefile's.

import os

from pipeline.update.files import version

UPDATE = config["update"]
PREV = UPDATE["previous"]
# The previous version's files (under outputs/update/ when it is itself an update).
PV = version(PREV, UPDATE.get("previous_decisions") or None)

UPDATE_ALL = [
    "outputs/search/search_log.csv",
    "outputs/update/screen/queue.csv",
    "outputs/update/screen/screening.csv",
    "outputs/update/prisma/prisma.svg",
    "outputs/update/changes.md",
    "outputs/update/search_log.csv",
]


rule update_match:
    input:
        unique="outputs/dedup/unique.parquet",
        previous=str(PV.unique),
        clusters=str(PV.clusters),
    output:
        matches="outputs/update/matches.csv",
        records="outputs/update/dedup/unique.parquet",
    log:
        "outputs/logs/update_match.log",
    conda:
        CONDA_ENV
    threads: 2
    params:
        previous=lambda wildcards: PREV,
        out=lambda wildcards, output: slr.folder(output.matches),
    shell:
        "slr update match --previous {params.previous:q} --records {input.unique:q}"
        " --out {params.out:q} --workers {threads} 2> {log:q}"


rule update_decisions:
    input:
        matches="outputs/update/matches.csv",
        previous=str(PV.decisions),
        clusters=str(PV.clusters),
        own=(
            [config["screen"]["decisions"]]
            if os.path.exists(config["screen"]["decisions"])
            else []
        ),
    output:
        "outputs/update/decisions.jsonl",
    log:
        "outputs/logs/update_decisions.log",
    conda:
        CONDA_ENV
    params:
        previous=lambda wildcards: PREV,
        # Not an input until someone has decided (then it is one, above).
        own=lambda wildcards: config["screen"]["decisions"],
    shell:
        "slr update decisions --previous {params.previous:q} --previous-decisions {input.previous:q}"
        " --decisions {params.own:q} --matches {input.matches:q} --out {output:q} 2> {log:q}"


rule update_rank:
    input:
        records="outputs/update/dedup/unique.parquet",
        decisions="outputs/update/decisions.jsonl",
        strategy=PUBMED["strategy"],
    output:
        "outputs/update/screen/queue.csv",
    log:
        "outputs/logs/update_rank.log",
    conda:
        CONDA_ENV
    params:
        seed=config["screen"]["seed"],
    shell:
        "slr screen rank --records {input.records:q} --decisions {input.decisions:q}"
        " --query-text {input.strategy:q} --seed {params.seed:q} --out {output:q} 2> {log:q}"


rule update_status:
    input:
        records="outputs/update/dedup/unique.parquet",
        queue="outputs/update/screen/queue.csv",
        decisions="outputs/update/decisions.jsonl",
        reasons=config["screen"]["exclusion_reasons"],
    output:
        status="outputs/update/screen/status.json",
        screening="outputs/update/screen/screening.csv",
        included="outputs/update/screen/included.parquet",
    log:
        "outputs/logs/update_status.log",
    conda:
        CONDA_ENV
    params:
        workdir=lambda wildcards, output: slr.folder(output.status, up=2),
        review=config["review"]["name"],
    shell:
        "slr screen status --workdir {params.workdir:q} --decisions {input.decisions:q}"
        " --reasons {input.reasons:q} --review {params.review:q} > {log:q} 2>&1"


rule update_prisma:
    input:
        report="outputs/ingest/ingest_report.csv",
        records="outputs/ingest/records.parquet",
        clusters="outputs/dedup/clusters.csv",
        unique="outputs/dedup/unique.parquet",
        log_csv="outputs/search/search_log.csv",
        matches="outputs/update/matches.csv",
        screening="outputs/update/screen/screening.csv",
        previous=str(PV.screening),
        previous_counts=str(PV.counts),
    output:
        svg="outputs/update/prisma/prisma.svg",
        pdf="outputs/update/prisma/prisma.pdf",
        png="outputs/update/prisma/prisma.png",
        html="outputs/update/prisma/prisma.html",
        counts="outputs/update/prisma/prisma_counts.csv",
    log:
        "outputs/logs/update_prisma.log",
    conda:
        CONDA_ENV
    params:
        workdir=lambda wildcards, input: slr.folder(input.report, up=2),
        previous=lambda wildcards: PREV,
    shell:
        "slr prisma --workdir {params.workdir:q} --previous-version {params.previous:q} --allow-incomplete"
        " --out {output.svg:q} --out {output.pdf:q} --out {output.png:q}"
        " --html {output.html:q} --counts-out {output.counts:q} 2> {log:q}"


rule update_report:
    input:
        matches="outputs/update/matches.csv",
        screening="outputs/update/screen/screening.csv",
        previous=str(PV.screening),
    output:
        md="outputs/update/changes.md",
        csv="outputs/update/changes.csv",
    log:
        "outputs/logs/update_report.log",
    conda:
        CONDA_ENV
    params:
        previous=lambda wildcards: PREV,
        workdir=lambda wildcards, input: slr.folder(input.matches),
    shell:
        "slr update report --previous {params.previous:q} --workdir {params.workdir:q} 2> {log:q}"


rule update_log:
    input:
        log_csv="outputs/search/search_log.csv",
        previous=str(PV.search_log),
    output:
        csv="outputs/update/search_log.csv",
        md="outputs/update/search_log.md",
    log:
        "outputs/logs/update_log.log",
    conda:
        CONDA_ENV
    params:
        previous=lambda wildcards: PREV,
    shell:
        "slr update log --previous {params.previous:q} --log {input.log_csv:q}"
        " --out {output.csv:q} 2> {log:q}"
