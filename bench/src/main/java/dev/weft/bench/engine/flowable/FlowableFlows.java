package dev.weft.bench.engine.flowable;

/**
 * The two benchmark processes of {@code dev.weft.bench.engine.Flows}, written for Flowable: same ids, same topology,
 * same variables and condition; every service task is an external worker task whose topic is the Zeebe job type.
 */
public final class FlowableFlows {

    /** The job types (Flowable topics) the workers subscribe to, per process. */
    public static final String[] ONE_TASK_TOPICS = {"bench.task"};
    public static final String[] AI_SHAPED_TOPICS = {"bench.select", "bench.llm", "bench.retrieve", "bench.aggregate"};

    private FlowableFlows() {
    }

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:flowable="http://flowable.org/bpmn" id="defs" targetNamespace="http://weft.dev/bench">
            """;

    public static final String ONE_TASK = HEAD + """
              <process id="one-task" isExecutable="true">
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
                <serviceTask id="task" flowable:type="external-worker" flowable:topic="bench.task"/>
                <sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
                <endEvent id="end"/>
              </process>
            </definitions>
            """;

    /**
     * select -> exclusive gateway (condition {@code route == "fast"}, default "slow"), merged before the fork ->
     * parallel (llm a, llm b) -> parallel multi-instance retrieve over {@code items} (3) -> aggregate.
     */
    public static final String AI_SHAPED = HEAD + """
              <process id="ai-shaped" isExecutable="true">
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="select"/>
                <serviceTask id="select" flowable:type="external-worker" flowable:topic="bench.select"/>
                <sequenceFlow id="f2" sourceRef="select" targetRef="route"/>
                <exclusiveGateway id="route" default="slow"/>
                <sequenceFlow id="fast" sourceRef="route" targetRef="merge"><conditionExpression xsi:type="tFormalExpression">${route == "fast"}</conditionExpression></sequenceFlow>
                <sequenceFlow id="slow" sourceRef="route" targetRef="merge"/>
                <exclusiveGateway id="merge"/>
                <sequenceFlow id="f2b" sourceRef="merge" targetRef="fork"/>
                <parallelGateway id="fork"/>
                <sequenceFlow id="f3" sourceRef="fork" targetRef="llmA"/>
                <sequenceFlow id="f4" sourceRef="fork" targetRef="llmB"/>
                <serviceTask id="llmA" flowable:type="external-worker" flowable:topic="bench.llm"/>
                <serviceTask id="llmB" flowable:type="external-worker" flowable:topic="bench.llm"/>
                <sequenceFlow id="f5" sourceRef="llmA" targetRef="join"/>
                <sequenceFlow id="f6" sourceRef="llmB" targetRef="join"/>
                <parallelGateway id="join"/>
                <sequenceFlow id="f7" sourceRef="join" targetRef="retrieve"/>
                <serviceTask id="retrieve" flowable:type="external-worker" flowable:topic="bench.retrieve">
                  <multiInstanceLoopCharacteristics isSequential="false" flowable:collection="items" flowable:elementVariable="item"/>
                </serviceTask>
                <sequenceFlow id="f8" sourceRef="retrieve" targetRef="aggregate"/>
                <serviceTask id="aggregate" flowable:type="external-worker" flowable:topic="bench.aggregate"/>
                <sequenceFlow id="f9" sourceRef="aggregate" targetRef="end"/>
                <endEvent id="end"/>
              </process>
            </definitions>
            """;
}
