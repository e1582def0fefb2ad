"""Chinese unless the person chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a bureau PC with
an English browser would show English; here the language is the one chosen with the
switcher (its cookie) and otherwise settings.LANGUAGE_CODE (zh-hans). API clients, which
keep no cookies, may ask for a language with Accept-Language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        if request.path.startswith("/api/") and "HTTP_ACCEPT_LANGUAGE" in request.META:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
