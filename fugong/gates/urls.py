from django.urls import path

from fugong.common.public import public_endpoint
from fugong.gates.throttle import gate_endpoint
from fugong.gates.views import checkpoints, desk, passages, public, tracing

app_name = "gates"
urlpatterns = [
    path("", checkpoints.CheckpointListView.as_view(), name="checkpoint_list"),
    path("new/", checkpoints.CheckpointEditView.as_view(), name="checkpoint_add"),
    path("<int:pk>/", checkpoints.CheckpointDetailView.as_view(), name="checkpoint_detail"),
    path("<int:pk>/edit/", checkpoints.CheckpointEditView.as_view(), name="checkpoint_edit"),
    path(
        "<int:pk>/poster.pdf", checkpoints.CheckpointPosterView.as_view(), name="checkpoint_poster"
    ),
    path(
        "<int:pk>/new-token/",
        checkpoints.CheckpointNewTokenView.as_view(),
        name="checkpoint_new_token",
    ),
    path("<int:pk>/desk/", desk.DeskView.as_view(), name="desk"),
    path("passages/", passages.PassageListView.as_view(), name="passage_list"),
    path("alerts/", passages.PassageListView.as_view(alerts_only=True), name="alert_list"),
    path("passages/<int:pk>/", passages.PassageDetailView.as_view(), name="passage_detail"),
    path("trace/", tracing.TraceView.as_view(), name="trace"),
    path("cases/", tracing.CaseListView.as_view(), name="case_list"),
    path("cases/open/", tracing.CaseOpenView.as_view(), name="case_open"),
    path("cases/<int:pk>/", tracing.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/close/", tracing.CaseCloseView.as_view(), name="case_close"),
    path("tracing-log/", tracing.TracingRunListView.as_view(), name="run_list"),
    # No login: what the poster's QR code opens (rate-limited per address, or per resident
    # for a phone with a genuine registration cookie: see gates.throttle).
    path("scan/<str:token>/", gate_endpoint(public.scan, group="public:gate"), name="scan"),
    path(
        "scan/<str:token>/register/",
        public_endpoint(public.register, group="public:gate-register"),
        name="register",
    ),
    path(
        "scan/<str:token>/forget/",
        gate_endpoint(public.forget, group="public:gate"),
        name="forget",
    ),
]
