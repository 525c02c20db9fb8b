"""The practical floor: the least any program can do to score a model file.

Read the JSON with ``json``, build index and weight arrays with numpy, and do
one scipy sparse triangular solve for the priority-weighted influence of every
node.  It validates nothing and trusts the file's node order to be
topological (the generated files are written that way), so nothing real can
be faster.  Run as ``python -m benchmarks.floor FILE``.
"""

from __future__ import annotations

import json
import sys

import numpy as np
from scipy.sparse import csr_matrix, identity
from scipy.sparse.linalg import spsolve_triangular

__all__ = ["floor_scores"]


def floor_scores(path: str) -> np.ndarray:
    """Priority-weighted influence of every node of the model file at ``path``."""
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    index = {node["id"]: i for i, node in enumerate(data["nodes"])}
    links = data["links"]
    source = np.fromiter((index[link["from"]] for link in links), np.int64, len(links))
    target = np.fromiter((index[link["to"]] for link in links), np.int64, len(links))
    weight = np.fromiter((link.get("weight", 1.0) for link in links), np.float64, len(links))
    priority = np.fromiter((n.get("priority", 0.0) for n in data["nodes"]), np.float64, len(index))
    size = len(index)
    system = identity(size, format="csr") - csr_matrix((weight, (source, target)), (size, size))
    scores: np.ndarray = spsolve_triangular(system.tocsr(), priority / priority.sum(), lower=False)
    return scores


if __name__ == "__main__":
    print(float(floor_scores(sys.argv[1]).max()))
