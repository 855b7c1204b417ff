# slr-pipeline: the whole review, from search strategies to the PRISMA 2020 diagram and the
# synthesis. Wiring only: every rule calls one `slr` verb; the logic lives in pipeline/.
# Run: snakemake --cores all


from snakemake.utils import validate


configfile: "config/config.yaml"


validate(config, "config/schemas/config.schema.yaml")

PUBMED = config["search"]["pubmed"]
EXPORTS = config["search"]["exports"]
REPLAY = PUBMED.get("replay", "")
# An update (config `update: {previous: DIR}`) searches from the previous search's date.
PREVIOUS = config.get("update", {}).get("previous", "")
if PREVIOUS:
    from pipeline.update.files import mindate_for

    MINDATE = PUBMED.get("mindate") or mindate_for(PREVIOUS)
else:
    MINDATE = PUBMED.get("mindate", "")


if PREVIOUS:

    include: "rules/update.smk"


rule all:
    default_target: True
    input:
        (
            UPDATE_ALL
            if PREVIOUS
            else [
                "outputs/search/search_log.csv",
                "outputs/ingest/records.parquet",
                "outputs/dedup/clusters.csv",
                "outputs/screen/queue.csv",
                "outputs/screen/status.json",
                "outputs/prisma/prisma.svg",
                "outputs/themes/theme_table.csv",
            ]
        ),


rule search_pubmed:
    input:
        strategy=PUBMED["strategy"],
        replay=[f"{REPLAY}/manifest.json"] if REPLAY else [],
    output:
        records="outputs/search/pubmed/records.parquet",
        manifest="outputs/search/pubmed/manifest.json",
    log:
        "outputs/logs/search_pubmed.log",
    conda:
        "envs/slr.yaml"
    params:
        replay=f"--replay {REPLAY}" if REPLAY else "",
        mindate=MINDATE,
        maxdate=PUBMED.get("maxdate", ""),
        datetype=PUBMED.get("datetype", "pdat"),
    shell:
        "slr search --query {input.strategy} --database pubmed --out outputs/search/pubmed"
        " --mindate '{params.mindate}' --maxdate '{params.maxdate}'"
        " --datetype {params.datetype} {params.replay} 2> {log}"


rule ingest:
    input:
        pubmed="outputs/search/pubmed/records.parquet",
        exports=[e["file"] for e in EXPORTS],
    output:
        records="outputs/ingest/records.parquet",
        report="outputs/ingest/ingest_report.csv",
        quarantine="outputs/ingest/quarantine.csv",
    log:
        "outputs/logs/ingest.log",
    conda:
        "envs/slr.yaml"
    params:
        specs=" ".join(f"{e['database']}={e['file']}" for e in EXPORTS),
    shell:
        "slr ingest pubmed={input.pubmed} {params.specs} --out {output.records}"
        " --report {output.report} --quarantine {output.quarantine} 2> {log}"


rule search_log:
    input:
        manifest="outputs/search/pubmed/manifest.json",
        report="outputs/ingest/ingest_report.csv",
        exports=[e["file"] for e in EXPORTS],
    output:
        csv="outputs/search/search_log.csv",
        md="outputs/search/search_log.md",
    log:
        "outputs/logs/search_log.log",
    conda:
        "envs/slr.yaml"
    shell:
        "slr search --log-out {output.csv} --manifest {input.manifest}"
        " --exports queries/exports --ingest-report {input.report} 2> {log}"


rule dedup:
    input:
        records="outputs/ingest/records.parquet",
    output:
        unique="outputs/dedup/unique.parquet",
        clusters="outputs/dedup/clusters.csv",
        uncertain="outputs/dedup/uncertain_pairs.csv",
    log:
        "outputs/logs/dedup.log",
    conda:
        "envs/slr.yaml"
    threads: 2
    params:
        preference=",".join(config["dedup"].get("source_preference", [])),
        pairs=config["dedup"].get("pairs", ""),
    shell:
        "slr dedup {input.records} --out {output.unique} --clusters {output.clusters}"
        " --uncertain {output.uncertain} --pairs {params.pairs}"
        " --source-preference '{params.preference}' --workers {threads} 2> {log}"


rule screen_rank:
    input:
        unique="outputs/dedup/unique.parquet",
        decisions=config["screen"]["decisions"],
        strategy=PUBMED["strategy"],
    output:
        queue="outputs/screen/queue.csv",
    log:
        "outputs/logs/screen_rank.log",
    conda:
        "envs/slr.yaml"
    params:
        seed=config["screen"]["seed"],
    shell:
        "slr screen rank --records {input.unique} --decisions {input.decisions}"
        " --query-text {input.strategy} --seed {params.seed} --out {output.queue} 2> {log}"


rule screen_status:
    input:
        unique="outputs/dedup/unique.parquet",
        queue="outputs/screen/queue.csv",
        decisions=config["screen"]["decisions"],
        reasons=config["screen"]["exclusion_reasons"],
    output:
        status="outputs/screen/status.json",
        screening="outputs/screen/screening.csv",
        included="outputs/screen/included.parquet",
        fulltext="outputs/screen/fulltext.csv",
        agreement="outputs/screen/agreement.csv",
    log:
        "outputs/logs/screen_status.log",
    conda:
        "envs/slr.yaml"
    shell:
        "slr screen status --workdir outputs --decisions {input.decisions}"
        " --reasons {input.reasons} > {log} 2>&1"


rule prisma:
    input:
        report="outputs/ingest/ingest_report.csv",
        clusters="outputs/dedup/clusters.csv",
        screening="outputs/screen/screening.csv",
        log_csv="outputs/search/search_log.csv",
    output:
        svg="outputs/prisma/prisma.svg",
        pdf="outputs/prisma/prisma.pdf",
        png="outputs/prisma/prisma.png",
        html="outputs/prisma/prisma.html",
        counts="outputs/prisma/prisma_counts.csv",
    log:
        "outputs/logs/prisma.log",
    conda:
        "envs/slr.yaml"
    shell:
        "slr prisma --workdir outputs --out {output.svg} --out {output.pdf} --out {output.png}"
        " --html {output.html} --counts-out {output.counts} 2> {log}"


rule themes:
    input:
        included="outputs/screen/included.parquet",
        codebook=config["themes"]["codebook"],
        compare=config["themes"].get("compare", []),
        coding=config["themes"].get("coding", []),
        notes=config["themes"].get("notes", []),
    output:
        table="outputs/themes/theme_table.csv",
        matrix="outputs/themes/theme_matrix.csv",
        heatmap="outputs/themes/heatmap.png",
    log:
        "outputs/logs/themes.log",
    conda:
        "envs/slr.yaml"
    params:
        compare=" ".join(f"--compare {c}" for c in config["themes"].get("compare", [])),
        coding=f"--coding {config['themes']['coding']}" if config["themes"].get("coding") else "",
        notes=f"--notes {config['themes']['notes']}" if config["themes"].get("notes") else "",
    shell:
        "slr themes {input.included} --codebook {input.codebook} {params.compare}"
        " {params.coding} {params.notes} --out outputs/themes 2> {log}"
