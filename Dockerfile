# The official Odoo 18 image plus exactly the Python libraries the practice addons declare in
# their manifests' external_dependencies (versions as in setup/requirements.txt).
# tests/test_docker_files.py fails when an addon declares a library this list lacks, or the
# reverse. Built by docker-compose.yml (`docker compose build`).
FROM odoo:18
USER root
RUN pip3 install --no-cache-dir --break-system-packages \
        "PyYAML>=6" \
        "defusedxml>=0.7" \
        "markdown-it-py>=3" \
        "requests"
USER odoo
