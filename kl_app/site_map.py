"""Every page of KL Lab, once: app.py builds the navigation from it and Home draws its map from it.

Adding a page is one folder in pages/ (page.py, links.py with its URL schema, model and figures) and one line here.
"""

import importlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from kl_app import presenter, url

# The link parameters every page takes, besides its own.
EVERY_PAGE = url.Schema([presenter.PRESENT])


@dataclass(frozen=True)
class PageEntry:
    script: str
    title: str
    icon: str
    url_path: str
    summary: str

    @property
    def lesson(self) -> str:
        """The page's folder under pages/, e.g. 'cat_classifier'."""
        return PurePosixPath(self.script).parent.name

    @property
    def schema(self):
        """The page's URL schema, declared in pages/<lesson>/links.py."""
        return importlib.import_module(f"pages.{self.lesson}.links").SCHEMA


PAGES = (
    PageEntry("pages/home/page.py", "Home", ":material/home:", "",
              "What KL divergence is, a map of the lab and the key takeaways."),
    PageEntry("pages/explore/page.py", "Explore KL(P‖Q)", ":material/tune:", "explore",
              "Drag two distributions and watch KL(P‖Q) and KL(Q‖P) move apart."),
    PageEntry("pages/cat_classifier/page.py", "The cat classifier", ":material/pets:", "cat-classifier",
              "KL(truth‖prediction) as a classification loss, step by step: the terms, bits, cross-entropy, "
              "training."),
    PageEntry("pages/compare/page.py", "Compare KL with JS, Hellinger, TV", ":material/balance:", "compare",
              "Five divergences side by side: which are symmetric, bounded, metrics, finite on disjoint supports."),
    PageEntry("pages/limitations/page.py", "Limitations of KL", ":material/warning:", "limitations",
              "Asymmetry, infinite values on zero support, no triangle inequality, forward vs reverse fits, "
              "estimating KL from samples."),
    PageEntry("pages/drift/page.py", "Data drift", ":material/monitoring:", "drift",
              "Binned divergences per feature to decide whether a model needs retraining; works on your CSV files."),
    PageEntry("pages/vae/page.py", "KL in a VAE", ":material/blur_on:", "vae",
              "The VAE's KL term, its closed form, and how β pulls the codes onto the prior."),
    PageEntry("pages/gan/page.py", "JS in a GAN", ":material/sports_kabaddi:", "gan",
              "The optimal discriminator, V = 2·JS − log 4, JS's vanishing gradient, and a tiny GAN."),
    PageEntry("pages/teachers/page.py", "For teachers", ":material/school:", "teachers",
              "Links to the classic demos, every page's link parameters, and how to serve a class."),
)


def url_reference() -> str:
    """Every page's URL parameters, generated from the pages' schemas (the README embeds it)."""
    return "\n\n".join([f"#### Every page\n\n{EVERY_PAGE.markdown()}"] + [
        f"#### `/{entry.url_path}` · {entry.title}\n\n{entry.schema.markdown()}" for entry in PAGES])
