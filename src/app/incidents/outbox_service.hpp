// The outbox: deliveries of reports, reminders and acknowledgements wait in the database until
// their channel takes them (the SMTP server accepts the mail, the webhook answers 2xx), and are
// retried with backoff meanwhile — nothing is lost when a mail server is down or the process
// restarts. Also the in-app inbox with recipients' acknowledgements, the routing designations of
// units (which unit is the specialised unit, the steering committee…), and the clock job that
// sends reminders before a legal deadline and tells the parent unit when it passes.
// Thread-safe; the jobs are meant to run from one scheduler thread per node, and several nodes
// on one PostgreSQL share the deliveries (each claimed by one of them; ClaimDue).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/incidents/report_documents.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct DispatchResult {
    int sent = 0;
    int retried = 0;
    int failed = 0;
};

struct OutboxOptions {
    int max_attempts = 20;  // about 12 hours of retries with the backoff of NextAttempt
    int batch = domain::kMailBatch;
    /// How long one node holds a delivery it is attempting (domain::kMailLease).
    std::chrono::seconds lease = domain::kMailLease;
};

class OutboxService {
public:
    OutboxService(Store& store,
                  const core::Clock& clock,
                  Notifier& notifier,
                  IncidentService& incidents,
                  ReportDocumentService* documents = nullptr,
                  OutboxOptions options = {})
        : store_(store),
          clock_(clock),
          notifier_(notifier),
          incidents_(incidents),
          documents_(documents),
          options_(options) {}

    /// Hands every due delivery to its channel once. An e-mail of a report carries the numbered
    /// document (with `documents`): the PDF, and the DOCX too for a unit where nobody works in
    /// ungcuu, which files and forwards it in its own office software.
    core::Result<DispatchResult> DispatchDue();
    /// Queues reminders for clocks due soon (to the incident's unit) and notices for clocks
    /// overdue (to its parent unit), each once per clock. Returns how many were queued.
    core::Result<int> RunClocks();
    /// The night call: an incident received outside office hours and not yet acknowledged is
    /// sent to the member on call of the nearest team at or above its unit (in the app, by
    /// e-mail to the member, to the team unit's webhook); when neither the call nor the incident
    /// is acknowledged within the team's acknowledgement time, to the shift's backup. Each once.
    /// Returns how many calls were queued.
    core::Result<int> RunOnCall();

    /// In-app deliveries to the units the caller sees.
    core::Result<std::vector<domain::Delivery>> Inbox(const Actor& actor, bool unacknowledged_only);
    /// Records the recipient's acknowledgement; the caller must see the recipient unit.
    core::Result<domain::Delivery> Acknowledge(const Actor& actor, domain::DeliveryId id);
    /// Puts a failed delivery back in the queue.
    core::Result<domain::Delivery> Retry(const Actor& actor, domain::DeliveryId id);

    core::Result<UnitRouting> Routing(const Actor& actor, domain::UnitId unit);
    /// Needs kUnitWrite on the unit; the webhook must be an http(s) URL.
    core::Result<UnitRouting> SetRouting(const Actor& actor, const UnitRouting& routing);

private:
    /// The numbered report an e-mail delivery carries; none for other deliveries.
    core::Result<std::vector<MailAttachment>> AttachmentsOf(const domain::Delivery& delivery);
    core::Result<domain::Delivery> LoadForRecipient(Repositories& repos,
                                                    const Actor& actor,
                                                    domain::DeliveryId id,
                                                    domain::Permission permission);

    Store& store_;
    const core::Clock& clock_;
    Notifier& notifier_;
    IncidentService& incidents_;
    ReportDocumentService* documents_;
    OutboxOptions options_;
};

}  // namespace ungcuu::app
