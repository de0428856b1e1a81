from django.core.management.base import BaseCommand

from access import services


class Command(BaseCommand):
    help = "Send the stored e-mails about access requests that are due (new ones and failed ones to retry)."

    def handle(self, *args, **options):
        sent = services.send_due_notifications()
        self.stdout.write(f"Sent {sent} e-mail(s).")
