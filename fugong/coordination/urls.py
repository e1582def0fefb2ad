from django.urls import path

from fugong.common.public import public_endpoint
from fugong.coordination.views import passes, public, tickets

app_name = "coordination"
urlpatterns = [
    path("tickets/", tickets.TicketListView.as_view(), name="ticket_list"),
    path("tickets/ours/", tickets.TicketListView.as_view(box="mine"), name="ticket_mine"),
    path("tickets/routed/", tickets.TicketListView.as_view(box="routed"), name="ticket_routed"),
    path("tickets/new/", tickets.TicketRaiseView.as_view(), name="ticket_add"),
    path("tickets/<int:pk>/", tickets.TicketDetailView.as_view(), name="ticket_detail"),
    *(
        path(
            f"tickets/<int:pk>/{op}/",
            tickets.TicketActionView.as_view(operation=op),
            name=f"ticket_{op}",
        )
        for op in ("assign", "transfer", "start", "resolve", "confirm", "reopen")
    ),
    path("routes/", tickets.TicketRouteListView.as_view(), name="route_list"),
    path("routes/new/", tickets.TicketRouteEditView.as_view(), name="route_add"),
    path("routes/<int:pk>/edit/", tickets.TicketRouteEditView.as_view(), name="route_edit"),
    path("passes/", passes.PassListView.as_view(), name="pass_list"),
    path("passes/new/", passes.PassApplyView.as_view(), name="pass_add"),
    path("passes/<int:pk>/", passes.PassDetailView.as_view(), name="pass_detail"),
    path("passes/<int:pk>/pass.pdf", passes.PassPdfView.as_view(), name="pass_pdf"),
    *(
        path(
            f"passes/<int:pk>/{op}/",
            passes.PassActionView.as_view(operation=op),
            name=f"pass_{op}",
        )
        for op in ("approve", "refuse", "revoke")
    ),
    # No login: what the pass's QR code opens.
    path("check/<str:token>/", public_endpoint(public.pass_check), name="pass_check"),
]
