"""Coordination (协调服务): tickets that solve enterprises' problems, and vehicle passes."""

from fugong.coordination.models.passes import VehiclePass
from fugong.coordination.models.tickets import Ticket, TicketEvent, TicketRoute

__all__ = ["Ticket", "TicketEvent", "TicketRoute", "VehiclePass"]
