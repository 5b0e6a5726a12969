"""{% fragment name var … %}…{% endfragment %}: a part of a page rendered once per process and per values.

For the parts of base.html that are the same for every visitor with the same language and login state
(navigation, footer): they cost ~20 URL reversals and ~45 translations on every request otherwise.
Also for parts that show public data (a course card): then every value shown must be among the values
the fragment varies by, so a change shows at once. Never wrap anything with user data or a CSRF token.
Kept in process memory (least recently used dropped first), not in the cache: no round trip, and pages
still render while Redis is down.
"""

import threading
from collections import OrderedDict

from django import template
from django.conf import settings

register = template.Library()

_rendered: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()
_LIMIT = 4096  # least recently used fragments go first (course cards vary with their data)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary: list):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context) -> str:
        if settings.DEBUG:
            # `make run`: template edits show on the next request, as everywhere else in development.
            return self.nodelist.render(context)
        key = (self.name, *(str(value.resolve(context)) for value in self.vary))
        with _lock:
            html = _rendered.get(key)
            if html is not None:
                _rendered.move_to_end(key)
                return html
        html = self.nodelist.render(context)
        with _lock:
            _rendered[key] = html
            if len(_rendered) > _LIMIT:
                _rendered.popitem(last=False)
        return html


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])
