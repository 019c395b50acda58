from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from nokkel.core import views as core_views
from nokkel.pipeline import lead_views
from nokkel.users.views import LoginView

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("nokkel.accounts.urls")),
    path("portfolio/", include("nokkel.portfolio.urls")),
    path("shipments/", include("nokkel.shipments.urls")),
    path("activities/", include("nokkel.activities.urls")),
    path("plans/", include("nokkel.plans.urls")),
    path("mail/", include("nokkel.mailcapture.urls")),
    path("calendar/", include("nokkel.calendar_feed.urls")),
    path("my-day/", include("nokkel.myday.urls")),
    path("surveys/", include("nokkel.surveys.urls")),
    path("s/", include("nokkel.surveys.public_urls")),
    path("lead/", lead_views.lead_form, name="lead-form"),
    path("pipeline/", include("nokkel.pipeline.urls")),
    path("competitors/", include("nokkel.competitors.urls")),
    path("needs/", include("nokkel.needs.urls")),
    path("agreements/", include("nokkel.agreements.urls")),
    path("health/", include("nokkel.health.urls")),
    path("audit/", include("nokkel.audit.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("nokkel.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
