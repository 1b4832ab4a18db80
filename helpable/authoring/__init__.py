"""Author tools: the lesson conventions, nbconvert preprocessors and the steps behind tools/.

May import helpable.content, helpable.paths, nbformat, nbconvert and nbclient;
never ui, instructor or cli. See docs/authoring.md.
"""
