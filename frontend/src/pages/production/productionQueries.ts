import { graphql } from "../../graphql";

export const WorkOrdersQuery = graphql(`
  query WorkOrders {
    workOrders(first: 100) {
      edges { node { id number status quantity completedQuantity dueDate late scheduledFinish product { sku name } } }
    }
  }
`);

export const NewWorkOrderQuery = graphql(`
  query NewWorkOrder {
    products(first: 100) { edges { node { id sku name bom { version } } } }
  }
`);

export const CreateWorkOrderMutation = graphql(`
  mutation CreateWorkOrder($input: CreateWorkOrderInput!) {
    createWorkOrder(input: $input) { workOrder { id number } userErrors { field message code } }
  }
`);

export const WorkOrderQuery = graphql(`
  query WorkOrder($number: String!) {
    workOrder(number: $number) {
      id number status quantity completedQuantity dueDate late scheduledStart scheduledFinish
      product { sku name trackingMode }
      bomVersion { version }
      warehouse { code }
      components {
        lineNumber requiredQuantity issuedQuantity product { sku name }
        reservations { quantity lot { id lotNumber expiresOn } }
      }
      operations { sequence name plannedMinutes scheduledStart scheduledFinish workCenter { code } }
    }
  }
`);

export const ReleaseWorkOrderMutation = graphql(`
  mutation ReleaseWorkOrder($input: ReleaseWorkOrderInput!) {
    releaseWorkOrder(input: $input) { workOrder { id status } userErrors { field message code } }
  }
`);

export const CancelWorkOrderMutation = graphql(`
  mutation CancelWorkOrder($input: CancelWorkOrderInput!) {
    cancelWorkOrder(input: $input) { workOrder { id status } userErrors { field message code } }
  }
`);

export const ScheduleQuery = graphql(`
  query ProductionSchedule($from: Date!, $to: Date!) {
    workCenters { id code name hoursPerDay }
    productionSchedule(from: $from, to: $to) {
      date start finish minutes operationSequence
      workCenter { id }
      workOrder { id number late dueDate }
    }
  }
`);

export const ShopFloorQuery = graphql(`
  query ShopFloor {
    workOrders(first: 100, filter: { status: [RELEASED, IN_PROGRESS, COMPLETED] }) {
      edges { node { id number status quantity completedQuantity dueDate product { sku name } } }
    }
  }
`);

export const BatchRecordQuery = graphql(`
  query WorkOrderBatchRecord($number: String!) {
    workOrder(number: $number) {
      id status product { trackingMode }
      batchRecord {
        id status
        steps {
          sequence title instructions requiresVerification status comment
          values { value withinLimits parameter { code } deviation { number } }
          performed { signer { username } }
          verified { signer { username } }
        }
      }
      bomVersion { batchSteps { sequence parameters { code name kind unit min max } } }
    }
  }
`);

export const IssueMaterialMutation = graphql(`
  mutation IssueMaterial($input: IssueMaterialInput!) {
    issueMaterial(input: $input) { workOrder { id status } userErrors { field message code } }
  }
`);

export const RecordOutputMutation = graphql(`
  mutation RecordWorkOrderOutput($input: RecordWorkOrderOutputInput!) {
    recordWorkOrderOutput(input: $input) { lot { id lotNumber } userErrors { field message code } }
  }
`);

export const RecordBatchStepMutation = graphql(`
  mutation RecordBatchStep($input: RecordBatchStepInput!) {
    recordBatchStep(input: $input) { batchRecord { id status } userErrors { field message code } }
  }
`);

export const VerifyBatchStepMutation = graphql(`
  mutation VerifyBatchStep($input: VerifyBatchStepInput!) {
    verifyBatchStep(input: $input) { batchRecord { id status } userErrors { field message code } }
  }
`);
