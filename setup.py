"""Packaging beyond what pyproject.toml can say: rules/ (top level, where people edit it)
is shipped inside the package as pipeline._rules, next to every pipeline* package found."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["pipeline", "pipeline.*"]), "pipeline._rules"],
    package_dir={"pipeline._rules": "rules"},
)
