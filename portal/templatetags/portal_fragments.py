"""{% fragment name var … %}…{% endfragment %}: a part of a page rendered once per process and per values.

For the parts of base.html that are the same for every visitor with the same language and login state
(navigation, footer): they cost ~20 URL reversals and ~45 translations on every request otherwise.
Never wrap anything with user data or a CSRF token. Kept in process memory, not in the cache: no round
trip, and pages still render while Redis is down.
"""

from django import template

register = template.Library()

_rendered: dict[tuple, str] = {}
_LIMIT = 512  # a handful of fragments x languages x login states; a bound against misuse


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary: list):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context) -> str:
        key = (self.name, *(str(value.resolve(context)) for value in self.vary))
        html = _rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_rendered) < _LIMIT:
                _rendered[key] = html
        return html


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])
